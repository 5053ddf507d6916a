"""Papers: the invoice of a paid order (HTML print view and PDF), and each parcel's packing
slip and address label (PDF). Reads orders, payment attempts and refunds; the buyer's,
admin's and studio's views serve them."""
