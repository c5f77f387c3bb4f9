/** The terraform harness ships with the check package (packages/check/src/); the tests import it here. */
export * from '../../packages/check/src/harness';
