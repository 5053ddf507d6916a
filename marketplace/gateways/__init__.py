"""Adapters to services outside the shop (Midtrans) and their offline simulators.
Nothing here imports a feature of the shop."""
