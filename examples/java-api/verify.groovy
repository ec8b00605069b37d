// Run by `mvn -B verify` in the Landfall checkout (maven-invoker-plugin) after this project's build:
// the example must have trained, saved, reloaded and predicted.
def log = new File(basedir, 'build.log').text
def m = log =~ /Test accuracy: (0\.\d{4})/
assert m.find() : 'the example printed no test accuracy'
assert Double.parseDouble(m.group(1)) >= 0.9 : "test accuracy ${m.group(1)} is below 0.9"
assert log.contains('predictions made through Predictor')
println "examples/java-api: Test accuracy: ${m.group(1)}"
