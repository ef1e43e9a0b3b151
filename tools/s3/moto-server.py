"""moto's own server (moto.server.main), unchanged but for one speed-up.

To route a request, moto lists the folders of its package (some 200 stat
calls) and does it twice per request, under a lock every request thread
shares: with eight PUTs at once, that listing is most of moto's time. The
folders cannot change while it runs, so the list is read once here. How
requests are judged (signatures, IAM, S3 semantics) is untouched.

werkzeug's line per request is turned off too: the front logs every request
with its S3 error code, and writing both doubled the work per request.
moto's errors and tracebacks still reach the log.
"""

import logging
import sys

import moto.backends
from moto.server import main

_MODULES = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: iter(_MODULES)

logging.getLogger("werkzeug").setLevel(logging.WARNING)

if __name__ == "__main__":
    sys.exit(main())
