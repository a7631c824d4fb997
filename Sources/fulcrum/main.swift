import FulcrumCore

print("Fulcrum version \(FulcrumBuild.version)")
