package emulator

// verifyAnonKey checks an x-anon-key hash against the app's users (reference §7.1). Success is
// the bare string "true" (the guide) or, with Config.AnonVerifyResult AnonVerifyBoolean, the
// boolean true (the OAS); an unknown or missing key is HTTP 200 FAIL 4010, which is what
// production is observed to answer (the docs say 401).
func (e *Emulator) verifyAnonKey(c *call) (any, error) {
	anon := c.r.Header.Get(headerAnonKey)
	return e.withApp(c, func(a *appState) (any, error) {
		if anon == "" || a.userByAnonKey(anon) == nil {
			return nil, businessError("4010", "인증 정보를 찾을 수 없어요.")
		}
		if e.cfg.AnonVerifyResult == AnonVerifyBoolean {
			return true, nil
		}
		return "true", nil
	})
}
