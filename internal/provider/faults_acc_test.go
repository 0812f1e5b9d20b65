package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// The reliability suite: the provider against an emulator that fails, throttles, resets
// connections, answers garbage and restarts. Each test owns its emulator.

const catalogPath = "/api-partner/v1/apps-in-toss/catalog"

// catalogOf declares templates push templates, promotions promotions and products IAP products;
// suffix changes every title so that a second config is an in-place update of all of them.
func catalogOf(templates, promotions, products int, suffix string) string {
	return fmt.Sprintf(`
resource "appsintoss_push_template" "t" {
  count = %d
  code  = "FAULT_${count.index}"
  name  = "장애 테스트 ${count.index}"
  title = "{{name}}님, 안내%s"
  body  = "{{name}}님의 주문 {{orderNo}}이 접수되었어요."
}

resource "appsintoss_promotion" "p" {
  count                       = %d
  name                        = "출석 이벤트 ${count.index}%s"
  mission_name                = "출석하기"
  total_budget                = 100000
  max_amount_per_user_per_day = 100
  grant_type                  = "FIXED"
  amount                      = 10
}

resource "appsintoss_iap_product" "i" {
  count       = %d
  type        = "CONSUMABLE"
  name        = "코인 ${count.index}%s"
  description = "게임 코인 묶음"
  price       = 1000
  icon_url    = "https://static.example.com/coin.png"
}
`, templates, suffix, promotions, suffix, products, suffix)
}

var mixedFaults = emulatortest.FaultSpec{
	Rate: 0.3,
	Kinds: []string{emulator.FaultHTTP500, emulator.FaultConnectionReset, emulator.FaultResetAfterCommit,
		emulator.FaultInternalError, emulator.FaultRateLimit},
}

// countCatalog lists a collection with faults switched off and returns how many entities of it
// carry each name, so duplicates show up as counts above one.
func countCatalog(t *testing.T, inst *emulatortest.Instance, collection string) map[string]int {
	t.Helper()
	status, body := inst.Do(t, http.MethodGet, catalogPath+"/"+collection+"?page=0&size=100", nil, nil)
	if status != http.StatusOK {
		t.Fatalf("listing %s: HTTP %d %s", collection, status, body)
	}
	var env struct {
		Success struct {
			Contents  []map[string]any `json:"contents"`
			TotalPage int              `json:"totalPage"`
		} `json:"success"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	if env.Success.TotalPage > 1 {
		t.Fatalf("%s has more than one page: the count would be partial", collection)
	}
	counts := map[string]int{}
	for _, e := range env.Success.Contents {
		if collection == "promotions" && e["status"] == "ENDED" {
			continue
		}
		counts[fmt.Sprint(e["name"])]++
	}
	return counts
}

// expectNoDuplicates checks, with faults paused, that the emulator holds exactly want entities
// per collection, each name once, every title ending in suffix.
func expectNoDuplicates(inst *emulatortest.Instance, t *testing.T, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		inst.ClearFaults(t)
		defer inst.SetFaults(t, mixedFaults)
		for collection, n := range want {
			counts := countCatalog(t, inst, collection)
			if len(counts) != n {
				return fmt.Errorf("%s: %d distinct entities, want %d", collection, len(counts), n)
			}
			for name, c := range counts {
				if c != 1 {
					return fmt.Errorf("%s: %q exists %d times: a retried create was applied twice", collection, name, c)
				}
			}
		}
		return nil
	}
}

func TestAccReliability_fortyResourcesUnderMixedFaults(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{})
	provider := acctest.ProviderBlock(inst, "max_retries = 8", "rate_limit_per_minute = 0")
	want := map[string]int{"push-templates": 20, "promotions": 10, "iap-products": 10}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { inst.SetFaults(t, mixedFaults) },
				Config:    provider + catalogOf(20, 10, 10, ""),
				Check:     expectNoDuplicates(inst, t, want),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Every object changes in place, still under faults: updates carry one
				// Idempotency-Key across their retries too.
				Config: provider + catalogOf(20, 10, 10, " (개정)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("appsintoss_push_template.t[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("appsintoss_iap_product.i[9]", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectNoDuplicates(inst, t, want),
					resource.TestCheckResourceAttr("appsintoss_push_template.t.19", "title", "{{name}}님, 안내 (개정)"),
				),
			},
		},
	})
	if s := inst.Stats(t); s.FaultsServed < 20 {
		t.Errorf("only %d faults were served: the test did not exercise the retries", s.FaultsServed)
	}
}

func TestAccReliability_latencyBeyondRequestTimeoutIsAClearError(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The server must not answer before the client gives up, on any machine. A latency of
			// 3 s against a 300 ms timeout did not guarantee it: on a starved machine both timers
			// expired in the same scheduler pass, the answer and the cancellation raced, and one
			// create in 14 parallel runs succeeded. The emulator's longest latency (60 s) ends only
			// when the client cancels the attempt — and an answer written after that cancellation
			// goes to a stream the client has already abandoned.
			PreConfig: func() {
				inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultLatency}, LatencyMs: 60_000})
			},
			Config: acctest.ProviderBlock(inst, `request_timeout = "300ms"`, "max_retries = 1") + catalogOf(1, 0, 0, ""),
			// The create may have been applied after the client gave up: the error must say so
			// and show how to adopt the orphan.
			ExpectError: regexp.MustCompile(`(?s)request_timeout \(300ms\).*terraform import`),
		}},
	})
}

func TestAccReliability_garbageResponsesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultGarbage}})
			},
			Config:      acctest.ProviderBlock(inst, "max_retries = 2") + catalogOf(2, 1, 1, ""),
			ExpectError: regexp.MustCompile(`(?s)unexpected response.*/api-partner/v1/apps-in-toss/catalog/`),
		}},
	})
}

func TestAccReliability_emulatorRestartedMidApplyConverges(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{})
	provider := acctest.ProviderBlock(inst, "max_retries = 8", "rate_limit_per_minute = 0")
	admin := inst.RawClient(t, inst.ClientCertFile, inst.ClientKeyFile)
	var restarted sync.WaitGroup

	restartAfterFirstWrites := func() {
		// Slow every call a little so that the apply is surely in flight when the emulator stops.
		inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultLatency}, LatencyMs: 150})
		base := requestsServed(admin, inst.URL)
		restarted.Add(1)
		go func() {
			defer restarted.Done()
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) && requestsServed(admin, inst.URL) < base+4 {
				time.Sleep(20 * time.Millisecond)
			}
			inst.Restart(t) // state is persisted on stop and loaded on start; faults are not
		}()
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: restartAfterFirstWrites,
			Config:    provider + catalogOf(6, 2, 2, ""),
			Check: func(*terraform.State) error {
				restarted.Wait()
				for collection, n := range map[string]int{"push-templates": 6, "promotions": 2, "iap-products": 2} {
					counts := countCatalog(t, inst, collection)
					if len(counts) != n {
						return fmt.Errorf("%s: %d entities after the restart, want %d", collection, len(counts), n)
					}
					for name, c := range counts {
						if c != 1 {
							return fmt.Errorf("%s: %q exists %d times", collection, name, c)
						}
					}
				}
				return nil
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// requestsServed reads the emulator's request counter; 0 while it is restarting.
func requestsServed(c *http.Client, base string) int64 {
	resp, err := c.Get(strings.TrimRight(base, "/") + "/_emulator/stats")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var s struct {
		Requests int64 `json:"requests"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&s)
	return s.Requests
}
