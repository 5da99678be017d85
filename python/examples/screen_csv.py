#!/usr/bin/env python3
"""Screens a CSV file of customers with embargo.pandas; writes the alerts as CSV.

usage: screen_csv.py CUSTOMERS.csv ALERTS.csv [--name name] [--key id] [--dob dob]
                     [--country country] [--index lists.idx] [--threshold 0.8]

    python examples/screen_csv.py customers.csv alerts.csv --name full_name --key customer_id
"""
import argparse

import pandas as pd

import embargo
import embargo.pandas


def main():
    ap = argparse.ArgumentParser(description="screen a CSV file of customers")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--name", default="name")
    ap.add_argument("--key")
    ap.add_argument("--dob")
    ap.add_argument("--country")
    ap.add_argument("--index", help="an index file (default: the installed default index)")
    ap.add_argument("--threshold", type=float)
    a = ap.parse_args()
    df = pd.read_csv(a.input, dtype=str, keep_default_na=False, na_values=[""])
    alerts = embargo.pandas.screen(df, name=a.name, key=a.key, dob=a.dob, country=a.country,
                                   index=a.index, threshold=a.threshold, errors="return")
    alerts.to_csv(a.output, index=False)
    errors = alerts["error"].notna().sum()
    print(f"{len(df)} records, {alerts[alerts['rank'] == 1].shape[0]} with alerts, "
          f"{len(alerts) - errors} alerts, {errors} records refused (see the error column)")


if __name__ == "__main__":
    main()
