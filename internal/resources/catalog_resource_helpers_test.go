package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// Helpers shared by the catalog resource tests (push templates, promotions, IAP products).

const catalogAPI = "/api-partner/v1/apps-in-toss/catalog"

// catalogEmulator starts an emulator for a test that runs on the contract road only (what it
// tests does not depend on the road). In acctest.ReviewApprove mode every review is approved at
// once; in acctest.ReviewManual mode entities stay IN_REVIEW until the test decides. Catalog
// suites run on both roads with onEachRoad instead.
func catalogEmulator(t *testing.T, reviewMode string) *catalogEnv {
	t.Helper()
	return startOnRoad(t, contractRoad, reviews(reviewMode))
}

// catalogConfig is a provider block for inst's road followed by the resource HCL.
func catalogConfig(inst *catalogEnv, hcl string, args ...any) string {
	return inst.providerBlock("max_retries = 1") + fmt.Sprintf(hcl, args...)
}

// catalogEntity reads one entity through the API as a JSON object (nil when it is gone).
func catalogEntity(t *testing.T, inst *catalogEnv, kind, id string) map[string]any {
	t.Helper()
	status, body := inst.GetRaw(t, catalogAPI+"/"+kind+"/"+id)
	if status == http.StatusNotFound {
		return nil
	}
	var env struct {
		Success map[string]any `json:"success"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &env) != nil {
		t.Fatalf("GET %s/%s: HTTP %d: %s", kind, id, status, body)
	}
	return env.Success
}

// changeOutOfBand sends a catalog mutation as someone using the console would, outside
// Terraform, and fails the test unless it succeeds. It takes the road the provider does not: the
// console's tools when the provider speaks the contract, the contract when it speaks to the
// console. It returns the entity as the contract shows it.
func changeOutOfBand(t *testing.T, inst *catalogEnv, method, path string, body map[string]any) map[string]any {
	t.Helper()
	if !inst.onConsole() {
		return changeThroughConsole(t, inst, method, path, body)
	}
	var payload any
	if body != nil {
		payload = body
	}
	status, data := inst.Do(t, method, catalogAPI+path, payload, map[string]string{"Idempotency-Key": uuid.NewString()})
	var env struct {
		Success map[string]any `json:"success"`
	}
	if status/100 != 2 || json.Unmarshal(data, &env) != nil {
		t.Fatalf("%s %s: HTTP %d: %s", method, path, status, data)
	}
	return env.Success
}

// decideWhenSubmitted plays the console's reviewer while Terraform waits: it watches the kind's
// list and decides the first entity that is IN_REVIEW, then stops. It runs until the test ends.
func decideWhenSubmitted(t *testing.T, inst *catalogEnv, kind, idField, decision, comment string) {
	t.Helper()
	decideWhen(t, inst, kind, idField, func(map[string]any) bool { return true }, decision, comment)
}

// decideWhen is decideWhenSubmitted for the first entity IN_REVIEW that also matches.
func decideWhen(t *testing.T, inst *catalogEnv, kind, idField string, match func(map[string]any) bool, decision, comment string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		for ctx.Err() == nil {
			for _, e := range submittedEntities(t, inst, kind) {
				if match(e) {
					id, _ := e[idField].(string)
					_, _ = inst.RawDo(t, http.MethodPost, "/_emulator/reviews/"+kind+"/"+id,
						map[string]any{"status": decision, "comment": comment}, nil)
					return
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
}

// submittedEntities lists the kind's entities that are IN_REVIEW. It never fails the test (it
// runs on background goroutines): a failed read is an empty list, and the caller polls again.
func submittedEntities(t *testing.T, inst *catalogEnv, kind string) []map[string]any {
	resp, err := inst.RawDo(t, http.MethodGet, catalogAPI+"/"+kind+"?size=100", nil, nil)
	if err != nil || resp.Status != http.StatusOK {
		return nil
	}
	var env struct {
		Success struct {
			Contents []map[string]any `json:"contents"`
		} `json:"success"`
	}
	_ = json.Unmarshal(resp.Body, &env)
	var submitted []map[string]any
	for _, e := range env.Success.Contents {
		if e["reviewStatus"] == "IN_REVIEW" {
			submitted = append(submitted, e)
		}
	}
	return submitted
}

// captureAttr stores a resource attribute from state into *dst, for later steps and checks.
func captureAttr(address, attr string, dst *string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(address, attr, func(v string) error {
		*dst = v
		return nil
	})
}

// entityField is a check that the entity, read through the API, has field == want.
func entityField(t *testing.T, inst *catalogEnv, kind string, id *string, field string, want any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		e := catalogEntity(t, inst, kind, *id)
		if e == nil {
			return fmt.Errorf("%s %s does not exist", kind, *id)
		}
		if got := e[field]; fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s %s: %s = %v, want %v", kind, *id, field, got, want)
		}
		return nil
	}
}

// stateMatchesEntity checks that a state attribute equals the entity's field as the API shows
// it: for values Apps in Toss makes up (a sku's random part), known only once it exists.
func stateMatchesEntity(t *testing.T, inst *catalogEnv, address, attr, kind string, id *string, field string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(address, attr, func(got string) error {
		e := catalogEntity(t, inst, kind, *id)
		if want := fmt.Sprint(e[field]); got != want {
			return fmt.Errorf("%s = %q in state, but %s %s has %s %q", attr, got, kind, *id, field, want)
		}
		return nil
	})
}

// hcl quotes a Go string as an HCL string literal.
func hcl(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "${", "$${")
}

// catalogList reads the first page (up to 100) of a collection through the API.
func catalogList(t *testing.T, inst *catalogEnv, kind string) []map[string]any {
	t.Helper()
	status, body := inst.GetRaw(t, catalogAPI+"/"+kind+"?size=100")
	var env struct {
		Success struct {
			Contents []map[string]any `json:"contents"`
		} `json:"success"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &env) != nil {
		t.Fatalf("GET %s: HTTP %d: %s", kind, status, body)
	}
	return env.Success.Contents
}

// expectGone checks that none of the entities exists any more (push templates: DELETE deletes).
func expectGone(t *testing.T, inst *catalogEnv, kind string, ids ...string) error {
	t.Helper()
	for _, id := range ids {
		if e := catalogEntity(t, inst, kind, id); e != nil {
			return fmt.Errorf("%s %s still exists: %v", kind, id, e)
		}
	}
	return nil
}

// expectKept checks that every entity still exists (push templates the console cannot delete).
func expectKept(t *testing.T, inst *catalogEnv, kind string, ids ...string) error {
	t.Helper()
	for _, id := range ids {
		if catalogEntity(t, inst, kind, id) == nil {
			return fmt.Errorf("%s %s is gone, but nothing on this road deletes one", kind, id)
		}
	}
	return nil
}

// messageRegexp matches a diagnostic text however Terraform wraps its lines.
func messageRegexp(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// Status-change routes, as the emulator names them (its fault injection matches these patterns).
const (
	promotionStatusRoute  = "POST " + catalogAPI + "/promotions/{promotionCode}/status"
	iapProductStatusRoute = "PUT " + catalogAPI + "/iap-products/{productId}/status/{status}"
)

// refuseWithRateLimit makes the emulator answer every request to route with 429 (errorCode
// 4095): what a status change meets when Apps in Toss keeps pacing it past every retry.
func refuseWithRateLimit(route string) emulatortest.FaultSpec {
	return emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultRateLimit}, Routes: []string{route}}
}

// expectOneKeptInPlace checks, on the server, what "no replacement" means: the collection holds
// exactly one entity, and it was never destroyed — no DELETE (delete, end, deactivate) of one of
// its entities reached the contract, and on the console road no promotion was ended (a product's
// deactivation cannot be told from hiding it there; a replacement would show as a second one).
func expectOneKeptInPlace(t *testing.T, inst *catalogEnv, kind string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all := catalogList(t, inst, kind)
		if len(all) != 1 {
			return fmt.Errorf("%d %s on the server, want exactly 1: %v", len(all), kind, all)
		}
		if all[0]["status"] == "ENDED" {
			return fmt.Errorf("the provider ended the %s entity: %v", kind, all[0])
		}
		for route, n := range inst.Stats(t).ByRoute {
			if strings.HasPrefix(route, http.MethodDelete+" "+catalogAPI+"/"+kind+"/") && n > 0 {
				return fmt.Errorf("the provider destroyed a %s entity: %s was called %d times", kind, route, n)
			}
		}
		return nil
	}
}

// expectNoRequestSince checks that the provider made no catalog call on its road since *before
// was read with inst.providerCalls (admin calls and the console's configure-time calls are not
// counted).
func expectNoRequestSince(t *testing.T, inst *catalogEnv, before *int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if now := inst.providerCalls(t); now != *before {
			return fmt.Errorf("%d catalog calls were made, want none", now-*before)
		}
		return nil
	}
}

// noRefresh runs every plan of a test case with -refresh=false, so that the requests a step
// makes are the apply's own.
var noRefresh = &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}}
