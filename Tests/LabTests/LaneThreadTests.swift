#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
import Testing
@testable import Lab

@Suite("Race lanes on threads of their own")
struct LaneThreadTests {
    @Test("more lanes than cores all run at once: each waits for the others, and none waits in vain")
    func moreLanesThanCoresRunAtOnce() {
        let lanes = ProcessInfo.processInfo.activeProcessorCount + 4
        let arrived = Atomic<Int>(0), metAll = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<lanes {
            group.enter()
            LaneThread.start {
                arrived.add(1, ordering: .sequentiallyConsistent)
                // a lane that waited for a pool's thread would arrive after the others gave up
                let deadline = ContinuousClock.now + .seconds(2)
                while arrived.load(ordering: .sequentiallyConsistent) < lanes, ContinuousClock.now < deadline {
                    usleep(1000)
                }
                if arrived.load(ordering: .sequentiallyConsistent) == lanes { metAll.add(1, ordering: .sequentiallyConsistent) }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(metAll.load(ordering: .sequentiallyConsistent) == lanes, "\(lanes) lanes")
    }
}
