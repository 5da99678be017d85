#!/usr/bin/env python3
"""Screens a table of records on a Spark cluster through the command-line
program: RDD.pipe sends each partition's names through
`embargo screen --batch --json` and pairs the answers with the records by
position (embargo.spark.screen_pipe); writes the alerts as Parquet.

    spark-submit --master yarn --files lists.idx \\
        examples/spark_pipe.py customers.parquet alerts.parquet \\
        --name full_name --key customer_id --cli /usr/local/bin/embargo --index lists.idx

Needs the `embargo` program on every worker (make install, or shipped with
--files and called as ./embargo), not the Python package on the workers (the
driver imports embargo.spark; install the package there). Options of the
program go after --: ... -- --threshold 0.85 --lists US,UK

Without Spark's DataFrames, the same route by hand is

    rdd.map(lambda name: name).pipe("embargo screen --batch --json --index lists.idx")

one JSON object per name, in the partition's order.
"""
import argparse

from pyspark.sql import SparkSession

import embargo.spark


def main():
    ap = argparse.ArgumentParser(description="screen records on Spark (RDD.pipe through the CLI)")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--name", default="name")
    ap.add_argument("--key")
    ap.add_argument("--cli", default="embargo")
    ap.add_argument("--index")
    ap.add_argument("args", nargs="*", help="options of embargo screen, after --")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("embargo-pipe").getOrCreate()
    if a.input.endswith(".csv"):
        df = spark.read.option("header", True).csv(a.input)
    else:
        df = spark.read.parquet(a.input)
    alerts = embargo.spark.screen_pipe(df, name=a.name, key=a.key, cli=a.cli, index=a.index,
                                       args=a.args, errors="return")
    alerts.write.mode("overwrite").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
