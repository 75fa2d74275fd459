#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator treats freed memory.
enum FreedMemory {
    /// Keeps freed memory in the process for the next allocation instead of returning it to
    /// the system after every large free (glibc trims the heap top above 128 KB and unmaps
    /// blocks above a moving threshold by default).
    ///
    /// A forward pass allocates its trace afresh (a few hundred kilobytes at lesson sizes);
    /// with the default policy every pass then pays a page fault per 4 KB touched, which
    /// was a third of a small LSTM's forward time. The cost is that a process keeps up to
    /// its peak memory until it exits. Harmless to call more than once; does nothing
    /// outside glibc.
    static func keepForReuse() {
        #if canImport(Glibc)
        // mallopt lives in <malloc.h>, which the Glibc module does not export; look it up.
        // The option numbers are glibc's ABI: M_TRIM_THRESHOLD −1, M_MMAP_THRESHOLD −3.
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        _ = mallopt(-3, 32 << 20)  // blocks up to 32 MB come from the heap,
        _ = mallopt(-1, 256 << 20)  // and freed ones stay there
        #endif
    }
}
