package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// description and iconImgUrl are required on IAP create and update, by the contract and by the
// emulator, so that any product — made through mTLS, the console or by hand — can be adopted
// into a configuration whose description and icon_url are required.
func TestIAPProductDescriptionAndIconAreRequired(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	v := contract.Load(t)
	st, b := inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("ok"))
	var made productView
	success(t, st, b, &made)

	for _, field := range []string{"description", "iconImgUrl"} {
		for _, blank := range []any{nil, "", "  "} {
			body := consumableBody()
			if blank == nil {
				delete(body, field)
			} else {
				body[field] = blank
			}
			update := consumableBody()
			delete(update, "type")
			if blank == nil {
				delete(update, field)
			} else {
				update[field] = blank
			}
			for _, req := range []struct {
				method, path string
				body         map[string]any
			}{
				{http.MethodPost, catalog + "/iap-products", body},
				{http.MethodPut, catalog + "/iap-products/" + made.ProductID, update},
			} {
				// Deliberately outside the contract: sent unvalidated, and the contract must refuse it too.
				resp, err := inst.RawDo(t, req.method, req.path, req.body, nil)
				if err != nil {
					t.Fatal(err)
				}
				invalidField(t, resp.Status, resp.Body, field)
				if blank == nil && contractAccepts(t, v, inst.URL, req.method, req.path, req.body) {
					t.Errorf("%s %s without %s: api/openapi.yaml accepts it", req.method, req.path, field)
				}
			}
		}
	}
}

func contractAccepts(t *testing.T, v *contract.Validator, base, method, path string, body map[string]any) bool {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "contract-check")
	err = v.CheckRequest(req)
	if err != nil && !strings.Contains(err.Error(), "required") {
		t.Errorf("%s %s: the contract refuses it for another reason: %v", method, path, err)
	}
	return err == nil
}
