// The tests' PostgreSQL: the throw-away cluster of provisioning/dev/pg-test.sh
// in the build tree, and a fresh database on it for each test.
#pragma once

#include <string>

namespace kiosk::test {

// The cluster's superuser URI; starts the cluster when it is not running.
// Throws (the test fails with the script's reason) when PostgreSQL cannot start.
std::string pg_cluster_uri();

// CREATE DATABASE with a new name; returns its URI. Throws like pg_cluster_uri().
std::string fresh_pg_database();

// Runs one SQL statement on the database at uri (test set-up: an old or a
// newer schema). Throws with PostgreSQL's message on failure.
void pg_exec(const std::string& uri, const std::string& sql);
// The first column of the first row of a query, as text.
std::string pg_value(const std::string& uri, const std::string& sql);

}  // namespace kiosk::test
