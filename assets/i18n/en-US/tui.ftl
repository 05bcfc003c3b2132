# The terminal app.
