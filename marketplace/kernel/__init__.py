"""The ground floor: helpers every feature may use (money, time, text, database
transactions, mail, media, CSV, audit log, outbox). Nothing here imports a feature."""
