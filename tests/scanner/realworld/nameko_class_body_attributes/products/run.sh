#!/bin/bash

# Run the service

nameko run --config config.yml products.service --backdoor 3000
