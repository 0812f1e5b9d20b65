package emulator_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestOversizeBodyIs413WithAnEnvelope(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	big := `{"code":"BIG","name":"x","title":"x","body":"` + strings.Repeat("a", 1<<20) + `"}`
	resp, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", big, idem("big"))
	if err != nil {
		t.Fatal(err)
	}
	failure(t, resp.Status, resp.Body, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
}

func TestMalformedJSONAndWrongTypes(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cases := []struct {
		path, body, field string
	}{
		{catalog + "/push-templates", `{"code":`, "body"},
		{catalog + "/push-templates", `[1,2]`, "body"},
		{catalog + "/iap-products", `{"type":"CONSUMABLE","name":"x","price":"1000"}`, "price"},
		{catalog + "/promotions", `{"name":"x","totalBudget":1.5}`, "totalBudget"},
		{partner + "/pay/make-payment", `{"orderNo":1}`, "orderNo"},
		{partner + "/user/oauth2/generate-token", ``, "body"},
	}
	for i, tc := range cases {
		// make-payment checks its body before the (here unknown) user.
		resp, err := inst.RawDo(t, http.MethodPost, tc.path, tc.body, map[string]string{
			"Idempotency-Key": fmt.Sprint("malformed-", i), "x-toss-user-key": "1"})
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
}

func TestUnknownRouteIsAnEnvelope404(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	resp, err := inst.RawDo(t, http.MethodGet, partner+"/no/such/thing", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	failure(t, resp.Status, resp.Body, http.StatusNotFound, "NOT_FOUND")
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
