module gofr-cpp/bench/go-hello

go 1.19
