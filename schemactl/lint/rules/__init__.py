"""One module per rule, named after the rule. Codes: SC + three digits, grouped by family in hundreds.

SC0xx engine, SC1xx naming, SC2xx types, SC3xx tenancy and RLS, SC4xx privileges and security,
SC5xx documentation, SC6xx extensions, SC7xx migration safety. Retired codes are never reused.
"""
