// go-hello is the Go standard-library peer for bench/http_hello.sh.
//
// It serves exactly the bytes gofr-cpp's hello example serves for GET /hello,
// so the benchmark compares HTTP stacks rather than payloads. It deliberately
// uses only net/http with default settings: the point is a "plain, idiomatic
// Go service" baseline, not a tuned one. No request logging.
//
// GOMAXPROCS is left at Go's default; the benchmark script pins the process to
// one core with taskset, and the Go runtime derives GOMAXPROCS=1 from the CPU
// affinity mask, so every server in the comparison gets the same single core.
package main

import (
	"log"
	"net/http"
	"os"
)

var helloBody = []byte("{\"data\":\"Hello World!\"}\n")

func hello(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(helloBody)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8081"
	}
	addr := "127.0.0.1:" + port

	mux := http.NewServeMux()
	mux.HandleFunc("/hello", hello) // pattern without trailing slash: exact match only

	log.Printf("go-hello listening on http://%s/hello", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
