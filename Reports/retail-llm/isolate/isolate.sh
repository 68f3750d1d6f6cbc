#!/bin/sh
# Lateral isolation plan: 2 changes (docs/isolate.md). Review before running; rollback.sh undoes it.
set -eu

# 1. closes vnet-retail-fe-eus/snet-app -> vnet-llm-train-chn/snet-data (any); vnet-retail-fe-eus/snet-app -> vnet-llm-train-chn/snet-eval (any); vnet-retail-fe-eus/snet-app -> vnet-llm-train-chn/snet-gpu (any); and 3 more (deny no-internet-to-training, no-frontend-to-training)
echo '+ az network vnet peering delete --subscription 22222222-2222-2222-2222-222222222222 --resource-group rg-retail-eastus --vnet-name vnet-retail-fe-eus --name peer-retail-fe-eus-to-llm-train-chn'
az network vnet peering delete --subscription 22222222-2222-2222-2222-222222222222 --resource-group rg-retail-eastus --vnet-name vnet-retail-fe-eus --name peer-retail-fe-eus-to-llm-train-chn
echo '+ az network vnet peering delete --subscription 33333333-3333-3333-3333-333333333333 --resource-group rg-llm-switzerlandnorth --vnet-name vnet-llm-train-chn --name peer-llm-train-chn-to-retail-fe-eus'
az network vnet peering delete --subscription 33333333-3333-3333-3333-333333333333 --resource-group rg-llm-switzerlandnorth --vnet-name vnet-llm-train-chn --name peer-llm-train-chn-to-retail-fe-eus
# 2. closes vnet-retail-fe-weu/snet-app -> vnet-llm-train-gwc/snet-gpu (any); vnet-retail-fe-weu/snet-jump -> vnet-llm-train-gwc/snet-gpu (any); vnet-retail-fe-weu/snet-web -> vnet-llm-train-gwc/snet-gpu (any) (deny no-internet-to-training, no-frontend-to-training)
echo '+ az network vnet peering delete --subscription 22222222-2222-2222-2222-222222222222 --resource-group rg-retail-westeurope --vnet-name vnet-retail-fe-weu --name peer-retail-fe-weu-to-llm-train-gwc'
az network vnet peering delete --subscription 22222222-2222-2222-2222-222222222222 --resource-group rg-retail-westeurope --vnet-name vnet-retail-fe-weu --name peer-retail-fe-weu-to-llm-train-gwc
echo '+ az network vnet peering delete --subscription 33333333-3333-3333-3333-333333333333 --resource-group rg-llm-germanywestcentral --vnet-name vnet-llm-train-gwc --name peer-llm-train-gwc-to-retail-fe-weu'
az network vnet peering delete --subscription 33333333-3333-3333-3333-333333333333 --resource-group rg-llm-germanywestcentral --vnet-name vnet-llm-train-gwc --name peer-llm-train-gwc-to-retail-fe-weu
