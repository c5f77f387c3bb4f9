/** The terraform harness ships with the package (src/check/); the tests import it here. */
export * from '../../src/check/harness';
