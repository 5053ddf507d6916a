"""Reviews and ratings: a buyer rates a completed order line once; the group replies once;
the association may hide a review. Above orders (it reads order lines) and catalog."""
