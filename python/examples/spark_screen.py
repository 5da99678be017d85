#!/usr/bin/env python3
"""Screens a table of records on a Spark cluster with embargo.spark.screen
(mapInPandas: each Python worker opens the index once); writes the alerts as
Parquet.

    spark-submit --master yarn --files lists.idx \\
        examples/spark_screen.py customers.parquet alerts.parquet \\
        --name full_name --key customer_id --index lists.idx

The embargo package must be installed on every worker (pip install of the
wheel built from python/, or a packed virtualenv passed with --archives);
PYSPARK_PYTHON names that Python. --index: a path every worker sees, or the
file name of an index shipped with --files / SparkContext.addFile; without
it, the index installed with the package. Input: Parquet, or CSV with a
header (by the file's extension).
"""
import argparse

from pyspark.sql import SparkSession

import embargo.spark


def main():
    ap = argparse.ArgumentParser(description="screen records on Spark (mapInPandas)")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--name", default="name")
    ap.add_argument("--key")
    ap.add_argument("--dob")
    ap.add_argument("--country")
    ap.add_argument("--index")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--lists", help="only these lists or jurisdictions: US,UK")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("embargo-screen").getOrCreate()
    if a.input.endswith(".csv"):
        df = spark.read.option("header", True).csv(a.input)
    else:
        df = spark.read.parquet(a.input)
    alerts = embargo.spark.screen(df, name=a.name, key=a.key, dob=a.dob, country=a.country,
                                  index=a.index, threshold=a.threshold, lists=a.lists,
                                  errors="return")
    alerts.write.mode("overwrite").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
