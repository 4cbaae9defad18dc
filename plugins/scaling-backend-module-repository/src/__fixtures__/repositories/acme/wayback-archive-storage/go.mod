module github.test/acme/wayback-archive-storage

go 1.22
