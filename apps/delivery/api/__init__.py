"""HTTP layer of delivery: parse, call one service or selector, render. Errors are raised
below and rendered by the one exception handler."""
