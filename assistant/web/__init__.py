"""Server-rendered scenario pages and the charts they share with the chat."""
