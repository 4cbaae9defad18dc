package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/warc/", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
