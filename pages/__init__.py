"""Reading government pages: pure functions over bytes and HTML, no I/O.

Both the crawler (decoding, link discovery, pagination) and the checks (the page reader,
annual reports) use this layer; it imports only ``config``.
"""
