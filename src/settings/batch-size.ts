/**
 * Attachments the settings page asks for in one POST /local-copies/batch
 * (bringing local copies back): the route's maximum. Each batch costs a
 * WordPress request, so small batches spent more on that than on the work.
 * The server's own time budget keeps a batch of large files bounded. (The
 * bulk copy is the server's job, which sizes its own batches.)
 */
export const BATCH_SIZE = 100;
