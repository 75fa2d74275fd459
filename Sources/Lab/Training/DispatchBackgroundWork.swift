import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials  // ProcessInfo without the rest of Foundation and its ICU, so rnnlab starts faster
#else
import Foundation
#endif
import RNNEngine

/// Runs the second half of each training batch on another core with Dispatch.
struct DispatchBackgroundWork: BackgroundWork {
    /// The background work to use when `lanes` models train at once: one per spare core, else none.
    static func forLanes(_ lanes: Int) -> DispatchBackgroundWork? {
        ProcessInfo.processInfo.activeProcessorCount > lanes ? DispatchBackgroundWork() : nil
    }

    func start(_ work: @escaping @Sendable () -> Void) -> () -> Void {
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group, execute: work)
        return { group.wait() }
    }
}
