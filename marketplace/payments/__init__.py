"""Payments through Midtrans: the gateway adapter, notifications, the offline simulator."""
