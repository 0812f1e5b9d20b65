package emulator_test

import (
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestAnonKeyVerify(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	_, anon := inst.SeedUserWithAnonKey(t, nil)

	status, body := inst.Do(t, http.MethodPost, partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": anon})
	var got string
	success(t, status, body, &got)
	sameShape(t, "users-anon-key-verify-success.json", body)
	if got != "true" {
		t.Errorf("success payload %q, want the string \"true\"", got)
	}

	status, body = inst.Do(t, http.MethodPost, partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": "unknown"})
	failure(t, status, body, http.StatusOK, "4010")

	// The key is per app: the other app does not know it.
	status, body = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost,
		partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": anon})
	failure(t, status, body, http.StatusOK, "4010")
}

func TestAnonKeyVerifyCanAnswerTheOASBoolean(t *testing.T) {
	cfg := emulator.DefaultConfig()
	cfg.AnonVerifyResult = emulator.AnonVerifyBoolean
	inst := start(t, cfg)
	_, anon := inst.SeedUserWithAnonKey(t, nil)

	status, body := inst.Do(t, http.MethodPost, partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": anon})
	var got bool
	success(t, status, body, &got)
	sameShape(t, "users-anon-key-verify-success-boolean.json", body)
	if !got {
		t.Errorf("success payload %s, want the boolean true", body)
	}
	// Failures do not change with the flag.
	status, body = inst.Do(t, http.MethodPost, partner+"/users/anon-key/verify", nil, map[string]string{"x-anon-key": "unknown"})
	failure(t, status, body, http.StatusOK, "4010")
}

func TestAnonKeyVerifyResultMustBeKnown(t *testing.T) {
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.New(emulator.Config{AnonVerifyResult: "yes"}, dir); err == nil {
		t.Fatal("an unknown anonymous-key verify result was accepted")
	}
}
