import ArgumentParser
import Lab
import LineEditing
print("rnnlab")
