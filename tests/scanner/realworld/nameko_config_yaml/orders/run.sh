#!/bin/bash

nameko run --config config.yml orders.service --backdoor 3000
