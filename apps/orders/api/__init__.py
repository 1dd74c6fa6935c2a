"""HTTP layer of the cart and orders: parse, call one service or selector, render. Errors are
raised by the services and rendered by the one exception handler."""
