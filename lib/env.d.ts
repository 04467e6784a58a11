interface ImportMetaEnv {
  /** "1" only in `npm run build:test`: lets e2e tests move the clock. */
  readonly WXT_TEST_CLOCK?: string;
}
