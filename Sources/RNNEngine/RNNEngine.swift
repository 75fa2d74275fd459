public enum RNNEngineInfo { public static let name = "RNNEngine" }
