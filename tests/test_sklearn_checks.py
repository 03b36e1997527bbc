"""scikit-learn's generic estimator checks: our contract with the ecosystem."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skcnn import CNNClassifier, CNNFeatureExtractor, CNNRegressor
from skcnn.estimator import EXPECTED_FAILED_CHECKS


def _presets():
    return [CNNClassifier(arch="simple"), CNNClassifier(arch="lenet5")]


@parametrize_with_checks(_presets(), expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS)
def test_sklearn_compatible(estimator, check):
    check(estimator)


# Fewer epochs than the defaults keep these checks at about six minutes on CI's two
# cores; every check passes at the defaults too (measured once, about 13 minutes).
@parametrize_with_checks(
    [CNNRegressor(epochs=4), CNNFeatureExtractor(epochs=2)],
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS,
)
def test_sklearn_compatible_regressor_and_feature_extractor(estimator, check):
    check(estimator)
