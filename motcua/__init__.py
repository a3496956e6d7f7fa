"""MotCua — electronic one-stop-shop for Vietnamese public administration."""
