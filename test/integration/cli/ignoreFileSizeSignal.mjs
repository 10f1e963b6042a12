// Test-only preload: with a file size limit (ulimit -f) standing in for a full disk, a write past the limit
// raises SIGXFSZ, whose default action kills the process. Handling it turns the write into an EFBIG error,
// as a full disk gives ENOSPC, so the CLI's own handling of a failed write is what is tested.
process.on('SIGXFSZ', () => {});
