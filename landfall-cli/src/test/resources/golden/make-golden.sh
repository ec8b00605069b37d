#!/usr/bin/env bash
# Regenerates the expected outputs of GoldenOutputTest: trains the three golden models with the
# landfall command and records what `predict` and `evaluate` print on fixed inputs. Run it from this
# folder after a change that is meant to change those outputs, and say why in the commit.
# The Fashion-MNIST subsets here are the first 600 training and 200 test images of the Debian
# package dataset-fashion-mnist (MIT), cut with Python's gzip and struct modules.
set -euo pipefail
cd "$(dirname "$0")"
LF=../../../../../landfall
EX=../../../../../examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
$LF train $EX/quickstart.yaml -o "$T/quickstart.landfall" >/dev/null
$LF train $EX/sentiment.yaml -o "$T/sentiment.landfall" >/dev/null
$LF train fashion-small.yaml -o "$T/fashion.landfall" >/dev/null
$LF predict "$T/quickstart.landfall" $EX/data/breast_cancer.csv > quickstart-predict-sklearn.out
$LF predict "$T/quickstart.landfall" bc-rows.csv > quickstart-predict-csv.out
$LF predict "$T/quickstart.landfall" bc-records.json > quickstart-predict-json.out 2>/dev/null
$LF evaluate "$T/quickstart.landfall" $EX/data/breast_cancer.csv > quickstart-evaluate.out
$LF predict "$T/sentiment.landfall" sentences.json > sentiment-predict.out 2>/dev/null
$LF evaluate "$T/sentiment.landfall" $EX/data/sentiment/yelp.json > sentiment-evaluate.out
$LF predict "$T/fashion.landfall" fashion-test-images-idx3-ubyte.gz --format idx > fashion-predict.out
$LF evaluate "$T/fashion.landfall" fashion-test-images-idx3-ubyte.gz --format idx \
    --labels fashion-test-labels-idx1-ubyte.gz > fashion-evaluate.out
