package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// rawAt sends a request to base+path with the app's certificate, outside contract validation
// (the wrong-host answers are 404s the contract does not list for these operations).
func rawAt(t *testing.T, inst *emulatortest.Instance, base, method, path string, body any, headers map[string]string) (int, []byte) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, base+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := inst.RawClient(t, inst.ClientCertFile, inst.ClientKeyFile).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// With two listeners, as production's two hosts: Toss Pay answers only on its own, and a pay
// call sent to the main host fails as any unknown path does.
func TestTwoHostsKeepTossPayOnItsOwnListener(t *testing.T) {
	inst := emulatortest.StartTwoHosts(t, emulator.DefaultConfig())
	v := contract.Load(t)
	inst.WrapTransport(func(rt http.RoundTripper) http.RoundTripper { return v.Transport(t, rt) })
	if inst.PayURL == inst.URL {
		t.Fatal("StartTwoHosts gave one address")
	}
	userKey, _ := inst.SeedUser(t, nil) // the admin surface answers on the main listener…
	var health map[string]any
	if st, b := inst.DoPay(t, http.MethodGet, "/_emulator/health", nil, nil); st != http.StatusOK || json.Unmarshal(b, &health) != nil {
		t.Errorf("…and on the pay listener: %d %s", st, b) // so tests need not know which
	}
	payment := map[string]any{"orderNo": "two-hosts-1", "productDesc": "상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true}

	st, wrongHost := rawAt(t, inst, inst.URL, http.MethodPost, partner+"/pay/make-payment", payment, userHeader(userKey))
	failure(t, st, wrongHost, http.StatusNotFound, "NOT_FOUND")
	_, unknown := rawAt(t, inst, inst.URL, http.MethodPost, partner+"/pay/no-such-call", payment, userHeader(userKey))
	if env, want := decodeEnvelope(t, wrongHost), decodeEnvelope(t, unknown); env.Error.ErrorCode != want.Error.ErrorCode {
		t.Errorf("a pay call on the main host answers %s, an unknown path %s", wrongHost, unknown)
	}

	st, b := inst.DoPay(t, http.MethodPost, partner+"/pay/make-payment", payment, userHeader(userKey))
	success(t, st, b, nil)

	// The pay host knows nothing else.
	st, b = rawAt(t, inst, inst.PayURL, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": "x"}, nil)
	failure(t, st, b, http.StatusNotFound, "NOT_FOUND")
	st, b = rawAt(t, inst, inst.PayURL, http.MethodGet, catalog+"/push-templates", nil, nil)
	failure(t, st, b, http.StatusNotFound, "NOT_FOUND")
	st, b = inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": "x"}, nil)
	success(t, st, b, nil)

	if byRoute := inst.Stats(t).ByRoute; byRoute["unmatched"] != 4 || byRoute["POST "+partner+"/pay/make-payment"] != 1 {
		t.Errorf("wrong-host calls are counted as unmatched: %v", byRoute)
	}
}

// After a restart both listeners come back on their ports.
func TestTwoHostsSurviveARestart(t *testing.T) {
	inst := emulatortest.StartTwoHosts(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	inst.Restart(t)
	st, b := inst.DoPay(t, http.MethodPost, partner+"/pay/make-payment",
		map[string]any{"orderNo": "after-restart", "productDesc": "상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true},
		userHeader(userKey))
	success(t, st, b, nil)
	st, _ = rawAt(t, inst, inst.URL, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"orderNo": "after-restart", "isTestPayment": true}, userHeader(userKey))
	if st != http.StatusNotFound {
		t.Errorf("the main listener serves Toss Pay after a restart: %d", st)
	}
}
