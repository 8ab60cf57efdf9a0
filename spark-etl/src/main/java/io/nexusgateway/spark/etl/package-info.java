/** The Spark ETL application that Livy batches run: one Nexus job, JDBC in, SQL, JDBC out. */
package io.nexusgateway.spark.etl;
