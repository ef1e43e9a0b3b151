/**
 * Attachments the settings page asks for in one POST /sync/batch: the
 * route's maximum. Each batch costs a WordPress request and a listing of the
 * folders it touches, so small batches spent more on that than on copying
 * (at 20, the copy ran at half the speed of batches of 100). The server's
 * own time budget keeps a batch of large files bounded. `npm run bench`
 * measures the copy with this same size.
 */
export const BATCH_SIZE = 100;
