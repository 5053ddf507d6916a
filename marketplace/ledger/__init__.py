"""Commission rules and ledger, refunds, payouts and the association's money reports."""
