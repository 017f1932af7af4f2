"""Times as "3:00 PM" rather than Django's "3 p.m.": a sentence that ends with a time then ends
with one full stop, not two."""

DATETIME_FORMAT = "N j, Y, g:i A"
TIME_FORMAT = "g:i A"
