#pragma once
// Raises the soft limit on open files to the hard limit, as every Go program does when it starts (Go 1.19): a
// GoFr service takes as many connections as the host allows, while a C++ process keeps the soft limit, often
// 1024, and would refuse the 1021st client with EMFILE.

namespace gofr::detail {

void raise_open_file_limit() noexcept;

}  // namespace gofr::detail
