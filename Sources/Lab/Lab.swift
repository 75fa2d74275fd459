import RNNEngine
import Rendering
import Lessons
public enum LabInfo { public static let name = "Lab" }
