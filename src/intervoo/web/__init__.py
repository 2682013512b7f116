"""The FastAPI app: routes, the live WebSocket and the static UI."""
