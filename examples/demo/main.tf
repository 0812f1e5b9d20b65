# A small but realistic mini-app, "요가 클래스" (a yoga studio's booking app), managed with the
# Apps in Toss provider: its smart-message templates, a points promotion, a class pass and a
# membership for sale, plus reads of the login, Toss Pay and in-app purchase state that its
# server sees at run time.
#
# `make demo` applies this against the local emulator; `make test` runs tests/*.tftest.hcl on it.
# Against the real service only the provider settings change (see the README).

terraform {
  required_version = ">= 1.8"
  required_providers {
    appsintoss = {
      source = "appsintoss-terraform/appsintoss"
    }
  }
}

# Endpoint, client certificate, key, CA and the login decryption key all come from APPSINTOSS_*
# environment variables, which scripts/demo.sh points at the emulator and its fresh certificates.
# In CI against the real service, the same variables carry the console-issued certificate.
provider "appsintoss" {}

# The certificate the provider presents: its common name is the mini-app's name.
data "appsintoss_client_certificate" "current" {}

# --- Catalog: smart-message templates ---------------------------------------------------------

resource "appsintoss_push_template" "class_reminder" {
  code        = "CLASS_REMINDER"
  name        = "수업 시작 알림"
  title       = "{{className}} 수업이 곧 시작해요"
  body        = "{{userName}}님, {{startTime}}에 {{className}} 수업이 시작해요. 매트를 챙겨 주세요!"
  landing_url = "intoss://${local.app_name}/bookings"

  wait_for_review = true
}

resource "appsintoss_push_template" "seat_opened" {
  code               = "SEAT_OPENED"
  name               = "빈자리 알림"
  title              = "{{className}}에 빈자리가 생겼어요"
  body               = "기다리던 {{className}} 수업에 자리가 났어요. 지금 예약해 보세요."
  landing_url        = "intoss://${local.app_name}/classes"
  agreement_required = true # an alert, not a service message: only users who agreed receive it

  wait_for_review = true
}

# --- Catalog: a points promotion --------------------------------------------------------------

resource "appsintoss_promotion" "first_class" {
  name                        = "첫 수업 완료 포인트"
  mission_name                = "첫 수업 완료하기"
  total_budget                = 1000000
  max_amount_per_user_per_day = 1000
  grant_type                  = "FIXED"
  amount                      = 1000
  landing_url                 = "intoss://${local.app_name}/classes"

  # Wait for the review (the emulator approves at once) and start the promotion right away.
  wait_for_review = true
  enabled         = true
}

# --- Catalog: in-app purchase products --------------------------------------------------------

resource "appsintoss_iap_product" "class_pass" {
  type        = "CONSUMABLE"
  name        = "10회 수업권"
  description = "구매 후 90일 동안 수업 10회 예약 가능"
  price       = var.class_pass_price
  icon_url    = "https://static.example.com/yoga/class-pass-10.png"
  exposed     = true

  wait_for_review = true
}

resource "appsintoss_iap_product" "membership" {
  type          = "SUBSCRIPTION"
  name          = "무제한 멤버십 (월간)"
  description   = "매월 자동 갱신, 모든 수업 예약 가능"
  price         = 99000
  icon_url      = "https://static.example.com/yoga/membership.png"
  renewal_cycle = "MONTHLY"
  exposed       = true

  discount_policies = [
    { type = "FREE_TRIAL", period = "ONE_WEEK" },
    { type = "NEW_SUBSCRIPTION", duration_months = 3, discounted_price = 79000 },
  ]

  wait_for_review = true
}

# --- Runtime state the mini-app's server sees -------------------------------------------------

# A test account's Toss login: the refresh token is renewed on every read.
data "appsintoss_login_user" "test_account" {
  refresh_token = var.test_account_refresh_token
}

# Toss Pay payments of that account.
data "appsintoss_payment" "orders" {
  for_each = toset(var.payment_order_numbers)

  order_no        = each.value
  user_key        = data.appsintoss_login_user.test_account.user_key
  is_test_payment = true
}

# In-app purchase orders, as the server checks them before granting the item.
data "appsintoss_iap_order" "purchases" {
  for_each = toset(var.iap_order_ids)

  order_id = each.value
}

locals {
  app_name = data.appsintoss_client_certificate.current.common_name
}
