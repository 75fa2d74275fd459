import Lessons

extension Session: ValueResolver {
    public func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        throw ValueResolutionError("values are not available yet")
    }
}
