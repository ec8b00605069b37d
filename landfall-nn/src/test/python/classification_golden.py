"""Golden values for MetricsReportTest (landfall-nn): scikit-learn 1.2's definitions on fixed inputs.

Run once with Debian's interpreter (/usr/bin/python3, package python3-sklearn); the printed numbers
are written into the Java test by hand. The tests never run Python.
"""
import numpy as np
from sklearn.metrics import (average_precision_score, confusion_matrix, mean_squared_error,
                             precision_recall_fscore_support, r2_score, roc_auc_score)

y_true = np.array([0, 1, 2, 2, 1, 0, 1, 2, 0, 1])
probs = np.array([
    [0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.5, 0.1, 0.4], [0.1, 0.8, 0.1],
    [0.4, 0.5, 0.1], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.55, 0.35, 0.1]])
y_pred = probs.argmax(1)
print("confusion", confusion_matrix(y_true, y_pred).tolist())
p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
print("precision", p.tolist()); print("recall", r.tolist()); print("f1", f.tolist()); print("support", s.tolist())
for avg in ("macro", "weighted"):
    print(avg, precision_recall_fscore_support(y_true, y_pred, average=avg, zero_division=0)[:3])
for c in range(3):
    print("class", c, "roc_auc", roc_auc_score(y_true == c, probs[:, c]),
          "ap", average_precision_score(y_true == c, probs[:, c]))

yb = np.array([0, 0, 1, 1, 0, 1, 1, 0])
sb = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.65, 0.2])
print("binary roc_auc", roc_auc_score(yb, sb), "ap", average_precision_score(yb, sb))

yr = np.array([3, -0.5, 2, 7]); pr = np.array([2.5, 0.0, 2, 8])
print("r2", r2_score(yr, pr), "rmse", mean_squared_error(yr, pr) ** 0.5)
yr2 = np.array([[0.5, 1], [-1, 1], [7, -6]]); pr2 = np.array([[0, 2], [-1, 2], [8, -5]])
print("r2 two columns", r2_score(yr2, pr2), "rmse", mean_squared_error(yr2, pr2) ** 0.5)
