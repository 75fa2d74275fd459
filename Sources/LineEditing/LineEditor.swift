import CLineEditShim
public enum LineEditingInfo { public static let name = "LineEditing" }
